// Loaded as a module: browsers too old for modules get the plain HTML, which works on its own.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// govuk-frontend's file upload button writes "No file chosen" and "Choose file" with nothing
// between them, so to anything reading its text (a checker of WCAG 2.5.3, speech software) they
// are one word, "chosenChoose", which its accessible name does not contain. A space separates them.
for (const status of document.querySelectorAll('.govuk-file-upload-button__status')) {
  status.after(document.createTextNode(' '));
}
