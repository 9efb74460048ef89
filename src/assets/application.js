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

// The timeout warning (the GOV.UK pattern): before an idle officer is signed out, or an idle form's
// answers are cleared from the browser, a dialog says so and offers to stay. Without JavaScript the server still
// signs them out and the sign-in page says why.
const warning = document.querySelector('dialog[data-idle-minutes]');
if (warning && typeof warning.showModal === 'function') {
  const idleMs = Number(warning.dataset.idleMinutes) * 60_000;
  const noticeMs = Number(warning.dataset.noticeMinutes ?? 2) * 60_000;
  let warnTimer;
  let endTimer;
  const arm = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => warning.showModal(), Math.max(0, idleMs - noticeMs));
    endTimer = setTimeout(() => window.location.assign(warning.dataset.signedOut), idleMs);
  };
  warning.querySelector('[data-stay]')?.addEventListener('click', async () => {
    const answer = await fetch(warning.dataset.keepAlive, { credentials: 'same-origin', headers: { accept: 'text/plain' } }).catch(() => undefined);
    warning.close();
    if (answer && answer.status === 204) arm();
    else window.location.assign(warning.dataset.signedOut);
  });
  arm();
}

// A print view's button: shown only where a script can print; the page says how to print without it.
for (const button of document.querySelectorAll('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
