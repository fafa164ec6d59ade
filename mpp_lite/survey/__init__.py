"""Survei Kepuasan Masyarakat (SKM): responses from kiosks and phones, and the IKM index."""
