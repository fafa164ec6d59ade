# Copy to instance/config.py and adjust. Environment variables MPP_<KEY> override these.

# Database: SQLite in this folder by default. For PostgreSQL:
# DATABASE_URL = "postgresql+psycopg://mpp:secret@127.0.0.1/mpp"

# The site's time zone (ticket numbers restart at local midnight).
TIMEZONE = "Asia/Jakarta"  # WITA: "Asia/Makassar", WIT: "Asia/Jayapura"

# Behind HTTPS (a reverse proxy with a certificate), send session cookies only over HTTPS.
# SESSION_COOKIE_SECURE = True

# Log staff out after this many idle minutes.
STAFF_IDLE_TIMEOUT_MINUTES = 30

# Behind nginx or another reverse proxy on this PC: trust its X-Forwarded-For/-Proto, so rate
# limits and logs see each visitor's address (see README, "Several waitress processes").
# TRUSTED_PROXY = "127.0.0.1"
