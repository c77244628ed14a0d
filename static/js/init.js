// Starts GOV.UK Frontend's components (error summary focus, character counts, menus...).
// Loaded by templates/base.html as <script type="module">, so only browsers that GOV.UK Frontend
// supports run it; every page also works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";

initAll();
