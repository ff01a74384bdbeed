// Lets GOV.UK Frontend style for JavaScript before components initialise (kept external for a strict CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
