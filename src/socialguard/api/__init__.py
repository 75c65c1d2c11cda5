"""The JSON API (django-ninja, OpenAPI schema at `/api/openapi.json`): check a post, create and submit drafts,
list and decide approvals, ingest mentions; authenticated by personal API tokens with scopes.

Every endpoint checks three things: the token's scope, the permission of the token owner's role (the same
`orgs.roles` table as the pages), and the organisation: objects are looked up inside the token's organisation.
"""
