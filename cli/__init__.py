"""The `briefing` command line: its arguments, its commands, their printing and progress bars."""
