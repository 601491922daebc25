"""Offline Vietnamese procedure search and the virtual assistant built on it (pure Python)."""
