// Loaded as a module: browsers too old for modules get the plain HTML, which works on its own.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
