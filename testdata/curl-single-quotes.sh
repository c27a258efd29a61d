curl -sS https://events.1password.com/api/v2/auth/introspect \
  -H 'Authorization: Bearer $EVENTS_API_TOKEN'
