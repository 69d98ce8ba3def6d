"""Hỗ trợ: online support dossiers, end to end."""
