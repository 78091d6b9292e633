extension OpenAPIDocument {
    static let configPaths = #"""
paths:
  /v1/healthz:
    get:
      tags: [service]
      summary: Whether the gateway and the three services answer.
      operationId: healthz
      security: []
      responses:
        '200':
          description: Every service answers.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/HealthResponse'}
        '503':
          description: Some service does not answer; `messages.error` names it.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/HealthResponse'}
  /openapi.yaml:
    get:
      tags: [service]
      summary: This document.
      operationId: openapi
      security: []
      responses:
        '200':
          description: The OpenAPI document.
          content:
            application/yaml:
              schema: {type: string}
  /metrics:
    get:
      tags: [service]
      summary: Prometheus metrics of the gateway.
      operationId: metrics
      security: []
      responses:
        '200':
          description: Metrics in the Prometheus text format.
          content:
            text/plain:
              schema: {type: string}
  /v1/images:
    get:
      tags: [images]
      summary: The image registry.
      operationId: list_images
      parameters:
        - name: include_deprecated
          in: query
          description: Also list deprecated images.
          schema: {type: boolean, default: false}
      responses:
        '200':
          description: The images.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ImageListResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/config:
    parameters:
      - $ref: '#/components/parameters/Tool'
    get:
      tags: [config]
      summary: The stored config, the latest or one version.
      operationId: get_tool_config
      parameters:
        - name: version
          in: query
          description: A stored version; the latest when absent or 0.
          schema: {type: integer, minimum: 0, maximum: 4294967295}
      responses:
        '200':
          description: The config.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ToolConfigResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    post:
      tags: [config]
      summary: Store a new config version.
      description: |
        The body is the config document, YAML or JSON. Unknown fields are warnings, in
        `messages.warning`; an invalid config answers 400 with every violation and stores
        nothing.
      operationId: update_tool_config
      requestBody:
        $ref: '#/components/requestBodies/ConfigDocument'
      responses:
        '200':
          description: The stored config; `changed` is false when it equals the latest one.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ToolConfigResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '413': {$ref: '#/components/responses/ContentTooLarge'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    delete:
      tags: [config]
      summary: Delete every stored version of the config.
      operationId: delete_tool_config
      responses:
        '200':
          description: The latest config that was deleted, with `deleted_versions`.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ToolConfigResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/config/validate:
    parameters:
      - $ref: '#/components/parameters/Tool'
    post:
      tags: [config]
      summary: Validate a config without storing it.
      operationId: validate_tool_config
      requestBody:
        $ref: '#/components/requestBodies/ConfigDocument'
      responses:
        '200':
          description: The config is valid; warnings are in `messages.warning`.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ConfigValidationResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '413': {$ref: '#/components/responses/ContentTooLarge'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}

"""#
}
