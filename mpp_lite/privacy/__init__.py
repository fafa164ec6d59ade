"""Citizens' personal data: retention, anonymisation, export on request, the privacy notice."""
