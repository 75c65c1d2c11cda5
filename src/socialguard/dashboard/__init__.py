"""The dashboard: findings by rule and team over time, approval times, acknowledgement coverage and training
results per team, drawn as inline SVG charts made on the server (no script, no CDN)."""
