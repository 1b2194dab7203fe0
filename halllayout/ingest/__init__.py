"""Exhibitors' product models made web-ready: read what they upload, normalise, simplify, write GLB."""
