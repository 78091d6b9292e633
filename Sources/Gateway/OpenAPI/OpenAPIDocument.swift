/// The OpenAPI 3.1 document of every route, served at `GET /openapi.yaml`. Hand-written, so
/// it says what a person needs; a test runs openapi-spec-validator on what is served.
enum OpenAPIDocument {
    /// The whole document.
    static var yaml: String { header + configPaths + deploymentPaths + components }

    private static let header = #"""
openapi: 3.1.0
info:
  title: Components API
  version: 1.0.0
  summary: Push-to-deploy for tools made of several components.
  description: |
    JSON over HTTP in front of the config, planner and executor services. Responses are
    `{"data": ..., "messages": {"info": [], "warning": [], "error": []}}`, the shape of the
    Toolforge components-api v1; errors have `data: null`, the message in `messages.error`
    and, for config errors, `violations`. Every route is also served under `/components`.
  license:
    name: Apache-2.0
    identifier: Apache-2.0
servers:
  - url: /
    description: This gateway.
  - url: /components
    description: The same routes under the prefix the Toolforge API gateway uses.
security:
  - bearerAuth: []
tags:
  - name: config
  - name: deployment
  - name: deploy-token
  - name: images
  - name: service

"""#
}
