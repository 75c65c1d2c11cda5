"""The web interface: a plain Django project (settings, URLs, base templates, static files, translations).

It is an interface layer: pages call the use-case apps (`socialguard.orgs`, `socialguard.workflow`,
`socialguard.audit`, ...) which call the pure core (`socialguard.evaluate`). Nothing here judges a post.
"""
