"""GET /api/v1/reports/ikm and /api/v1/reports/summary."""
