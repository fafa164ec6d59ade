"""Complaints and suggestions (pengaduan) made on site, with deadlines and a link to SP4N-LAPOR!."""
