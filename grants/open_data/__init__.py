"""Open data (issue 15): the published grants as a 360Giving JSON package, the same in 360Giving's
spreadsheet layout (CSV and XLSX, by flattentool), and the Local Government Transparency Code 2015 CSV.

rows (what is read) → threesixty (one grant in the standard) → writers (streamed files) → services
(a publishing run: files into document storage, the run recorded) → tasks (beat and on demand), admin
(the officers' Publishing page), views (the public Open data page and the files)."""
