"""Widgets of the reader; each posts messages up and takes data down, none reaches into a sibling."""
