"""Connected brand accounts: the credentials `socialguard.publishing` publishes with, encrypted at rest."""
