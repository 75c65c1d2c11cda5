"""Organisations and their people: members with roles, teams, and the versioned policy each organisation runs on."""
