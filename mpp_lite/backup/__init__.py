"""Backups and restore of the site's database, and the in-process daily schedule."""
