// GOV.UK Frontend's standard snippet, as a file for the Content-Security-Policy (no inline scripts):
// styles for enhanced components apply only where its JavaScript will run.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
