"""Signing in: password (Argon2-hashed) with throttling, TOTP two-factor (django-otp), and signing out."""
