extension OpenAPIDocument {
    static let components = #"""
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      description: A tool token (everything of its tool) or a deploy token (create and read its tool's deployments).
    tokenQuery:
      type: apiKey
      in: query
      name: token
      description: A deploy token in the query, for CI webhooks that cannot set headers.
  parameters:
    Tool:
      name: tool
      in: path
      required: true
      description: The tool's name, a DNS label.
      schema: {type: string, pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'}
    DeployID:
      name: deploy_id
      in: path
      required: true
      description: A deployment id like `20260101-120000-abcdefghij`, or `latest`.
      schema: {type: string, pattern: '^[A-Za-z0-9_-]{1,100}$'}
  requestBodies:
    ConfigDocument:
      required: true
      description: The config document as YAML or JSON text (a JSON object is taken as is).
      content:
        application/yaml:
          schema: {type: string}
        application/json:
          schema: {type: object}
        text/plain:
          schema: {type: string}
  responses:
    DeployToken:
      description: The deploy token; `token` is set only when it was just created or rotated.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/DeployTokenResponse'}
    BadRequest:
      description: The request or the config is invalid; config errors list `violations`.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    Unauthorized:
      description: The token is missing or not valid.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    Forbidden:
      description: The token belongs to another tool, or is a deploy token used beyond deployments.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    NotFound:
      description: No such tool, config, deployment or token.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    Conflict:
      description: It exists already, or the state does not allow this now.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    ContentTooLarge:
      description: The request body is larger than the limit (1 MiB by default).
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    InternalError:
      description: A service failed; its log has the details.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    Unavailable:
      description: A service is down; retry in a moment.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
    Error:
      description: Any other error (429 busy, 504 timeout), in the same envelope.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
  schemas:
    Messages:
      type: object
      required: [info, warning, error]
      properties:
        info: {type: array, items: {type: string}}
        warning: {type: array, items: {type: string}}
        error: {type: array, items: {type: string}}
    Violation:
      type: object
      required: [path, line, column, message]
      properties:
        path: {type: string, description: 'Dotted path of the field, like components.api.run.port.'}
        line: {type: integer, minimum: 0}
        column: {type: integer, minimum: 0}
        message: {type: string}
    ErrorResponse:
      type: object
      required: [data, messages]
      properties:
        data: {type: 'null'}
        messages: {$ref: '#/components/schemas/Messages'}
        violations: {type: array, items: {$ref: '#/components/schemas/Violation'}}
    Timestamp:
      type: string
      format: date-time
      description: ISO 8601 in UTC, like 2026-01-01T12:00:00.000Z.
    OptionalTimestamp:
      type: [string, 'null']
      format: date-time
      description: ISO 8601 in UTC; null until it happened.
    HealthResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [status, services]
          properties:
            status: {type: string, enum: [ok, degraded]}
            services:
              type: object
              additionalProperties:
                type: object
                required: [status]
                properties:
                  status: {type: string}
                  message: {type: string}
        messages: {$ref: '#/components/schemas/Messages'}
    ToolConfig:
      type: object
      description: |
        The canonical config (`config-version`, `components`) and the stored version's facts.
      required: [config-version, components, tool, version, hash, creation_time, source]
      properties:
        config-version: {type: string}
        components: {type: object, additionalProperties: {type: object}}
        tool: {type: string}
        version: {type: integer, minimum: 1}
        hash: {type: string, description: SHA-256 of the canonical config.}
        creation_time: {$ref: '#/components/schemas/Timestamp'}
        source: {type: string, description: The document as it was sent.}
        changed: {type: boolean, description: After a POST, false when it equals the latest version.}
        deleted_versions: {type: integer, description: After a DELETE, how many versions were deleted.}
    ToolConfigResponse:
      type: object
      required: [data, messages]
      properties:
        data: {$ref: '#/components/schemas/ToolConfig'}
        messages: {$ref: '#/components/schemas/Messages'}
    ConfigValidationResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [valid, warnings, hash, tool_config]
          properties:
            valid: {type: boolean}
            warnings: {type: array, items: {$ref: '#/components/schemas/Violation'}}
            hash: {type: string}
            tool_config: {type: [object, 'null']}
        messages: {$ref: '#/components/schemas/Messages'}
    DeploymentBuild:
      type: object
      required: [build_id, build_image, build_status, build_long_status, start_time, end_time]
      properties:
        build_id: {type: string}
        build_image: {type: string}
        build_status: {type: string, enum: [pending, running, successful, failed, skipped, cancelled]}
        build_long_status: {type: string}
        start_time: {$ref: '#/components/schemas/OptionalTimestamp'}
        end_time: {$ref: '#/components/schemas/OptionalTimestamp'}
    DeploymentRun:
      type: object
      required: [run_status, run_long_status, start_time, end_time]
      properties:
        run_status: {type: string, enum: [pending, running, successful, failed, skipped]}
        run_long_status: {type: string}
        start_time: {$ref: '#/components/schemas/OptionalTimestamp'}
        end_time: {$ref: '#/components/schemas/OptionalTimestamp'}
    PlanStep:
      type: object
      required: [id, component, kind, reason, needs]
      properties:
        id: {type: string, description: 'build:NAME, run:NAME, stop:NAME, or barrier:builds / barrier:runs.'}
        component: {type: string, description: 'Empty for a barrier.'}
        kind: {type: string, enum: [build, run, stop, skip, barrier]}
        reason: {type: string}
        needs: {type: array, items: {type: string}, description: 'Exactly the steps this one waits for.'}
        condition: {type: string, enum: [built, healthy, completed, scheduled, stopped, passed]}
        skipped_kind: {type: string, enum: [build, run]}
    Plan:
      type: object
      required: [steps, levels, critical_path_length]
      properties:
        steps: {type: array, items: {$ref: '#/components/schemas/PlanStep'}}
        levels: {type: array, items: {type: array, items: {type: string}}}
        critical_path_length: {type: integer, minimum: 0}
    Deployment:
      type: object
      required: [deploy_id, tool, creation_time, status, long_status, builds, runs, force_build, force_run, description, config_version, queued, plan, tool_config, plan_fidelity]
      properties:
        deploy_id: {type: string}
        tool: {type: string}
        creation_time: {$ref: '#/components/schemas/Timestamp'}
        status: {type: string, enum: [pending, running, successful, failed, cancelling, cancelled, timed_out]}
        long_status: {type: string}
        builds: {type: object, additionalProperties: {$ref: '#/components/schemas/DeploymentBuild'}}
        runs: {type: object, additionalProperties: {$ref: '#/components/schemas/DeploymentRun'}}
        force_build: {type: boolean}
        force_run: {type: boolean}
        description: {type: string}
        config_version: {type: integer, minimum: 0}
        queued: {type: boolean, description: True while it waits behind another deployment of the tool.}
        plan:
          oneOf:
            - $ref: '#/components/schemas/Plan'
            - type: 'null'
        tool_config: {type: [object, 'null'], description: 'The deployed config, in answers about one deployment.'}
        plan_fidelity:
          oneOf:
            - $ref: '#/components/schemas/PlanFidelity'
            - type: 'null'
    PlanFidelity:
      type: object
      description: Whether the deployment did what its plan said; null until it ended and was checked.
      required: [ok, violations]
      properties:
        ok: {type: boolean}
        violations: {type: array, items: {type: string}, description: 'A step that started before a step it needs ended, or ran though the plan did not list it.'}
    DeploymentResponse:
      type: object
      required: [data, messages]
      properties:
        data: {$ref: '#/components/schemas/Deployment'}
        messages: {$ref: '#/components/schemas/Messages'}
    DeploymentListResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [deployments]
          properties:
            deployments: {type: array, items: {$ref: '#/components/schemas/Deployment'}}
        messages: {$ref: '#/components/schemas/Messages'}
    DeploymentCreateRequest:
      type: object
      description: Either spelling of each option is accepted; other keys are ignored.
      properties:
        force-build: {type: boolean}
        force_build: {type: boolean}
        force-run: {type: boolean}
        force_run: {type: boolean}
        only-plan: {type: boolean}
        only_plan: {type: boolean}
        description: {type: string}
    LogsResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [deploy_id, component, source, lines, next_offset]
          properties:
            deploy_id: {type: string}
            component: {type: string}
            source: {type: string, enum: [run, build]}
            lines: {type: array, items: {type: string}}
            next_offset: {type: integer, minimum: 0}
        messages: {$ref: '#/components/schemas/Messages'}
    DeployTokenResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [tool, token, creation_date]
          properties:
            tool: {type: string}
            token: {type: [string, 'null']}
            creation_date: {$ref: '#/components/schemas/OptionalTimestamp'}
        messages: {$ref: '#/components/schemas/Messages'}
    Image:
      type: object
      required: [name, state, aliases, variants]
      properties:
        name: {type: string}
        state: {type: string, enum: [stable, deprecated, default]}
        aliases: {type: array, items: {type: string}}
        variants:
          type: array
          items:
            type: object
            required: [consumer, reference]
            properties:
              consumer: {type: string}
              reference: {type: string}
    ImageListResponse:
      type: object
      required: [data, messages]
      properties:
        data:
          type: object
          required: [images]
          properties:
            images: {type: array, items: {$ref: '#/components/schemas/Image'}}
        messages: {$ref: '#/components/schemas/Messages'}

"""#
}
