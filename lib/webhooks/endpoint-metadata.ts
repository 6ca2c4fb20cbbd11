// What every event about an endpoint says of it: its id and its host, never its whole URL. A URL
// may carry a token in its path or query (many receivers work that way), and these events reach
// the organization's other endpoints and its audit log.
export const endpointMetadata = (endpoint: { id: string; url: string }, more: Record<string, unknown> = {}) => ({
  webhookId: endpoint.id,
  host: new URL(endpoint.url).host,
  ...more,
});
