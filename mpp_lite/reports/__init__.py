"""The performance dashboard, period figures, CSV/XLSX exports and the monthly PDF report."""
