"""Screens: the main three-pane screen and the modal ones (help, facets, bookmarks)."""
