"""The organisation's own pages: its policy, members and roles, teams and settings (each change audited)."""
