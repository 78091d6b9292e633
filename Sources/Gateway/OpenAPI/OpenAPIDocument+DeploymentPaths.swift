extension OpenAPIDocument {
    static let deploymentPaths = #"""
  /v1/tool/{tool}/deployment:
    parameters:
      - $ref: '#/components/parameters/Tool'
    get:
      tags: [deployment]
      summary: The tool's deployments, newest first.
      operationId: list_tool_deployments
      security:
        - bearerAuth: []
        - tokenQuery: []
      parameters:
        - name: limit
          in: query
          description: At most this many; all when absent or 0.
          schema: {type: integer, minimum: 0, maximum: 4294967295}
      responses:
        '200':
          description: The deployments.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentListResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    post:
      tags: [deployment]
      summary: Deploy the stored config.
      description: |
        Answers at once with the new deployment (status `pending`); follow it with
        `GET deployment/{deploy_id}`. Options come as query parameters (the Toolforge way) or
        as a JSON body, which wins; other body keys are ignored, so a CI webhook may post its
        own payload. A deploy token may call this, also as `?token=`.
      operationId: create_tool_deployment
      security:
        - bearerAuth: []
        - tokenQuery: []
      parameters:
        - name: force-build
          in: query
          description: Build even when an image for the same commit and settings exists.
          schema: {type: boolean, default: false}
        - name: force-run
          in: query
          description: Restart even when the image and run settings are unchanged.
          schema: {type: boolean, default: false}
        - name: only-plan
          in: query
          description: Answer the plan without deploying anything.
          schema: {type: boolean, default: false}
        - name: description
          in: query
          description: Why this deployment is made.
          schema: {type: string}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/DeploymentCreateRequest'}
      responses:
        '200':
          description: The new deployment.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '413': {$ref: '#/components/responses/ContentTooLarge'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/deployment/latest:
    parameters:
      - $ref: '#/components/parameters/Tool'
    get:
      tags: [deployment]
      summary: The newest deployment, with the config it deploys.
      operationId: get_latest_deployment
      security:
        - bearerAuth: []
        - tokenQuery: []
      responses:
        '200':
          description: The deployment.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/deployment/token:
    parameters:
      - $ref: '#/components/parameters/Tool'
    get:
      tags: [deploy-token]
      summary: When the deploy token was made (the token itself is stored hashed).
      operationId: get_tool_deploy_token
      responses:
        '200': {$ref: '#/components/responses/DeployToken'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    post:
      tags: [deploy-token]
      summary: Create the deploy token; the answer is the only time it is shown.
      operationId: create_tool_deploy_token
      responses:
        '200': {$ref: '#/components/responses/DeployToken'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    put:
      tags: [deploy-token]
      summary: Rotate the deploy token; the old one stops working.
      operationId: update_tool_deploy_token
      responses:
        '200': {$ref: '#/components/responses/DeployToken'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    delete:
      tags: [deploy-token]
      summary: Delete the deploy token.
      operationId: delete_tool_deploy_token
      responses:
        '200': {$ref: '#/components/responses/DeployToken'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/deployment/{deploy_id}:
    parameters:
      - $ref: '#/components/parameters/Tool'
      - $ref: '#/components/parameters/DeployID'
    get:
      tags: [deployment]
      summary: One deployment, with the config it deploys.
      operationId: get_tool_deployment
      security:
        - bearerAuth: []
        - tokenQuery: []
      responses:
        '200':
          description: The deployment.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
    delete:
      tags: [deployment]
      summary: Delete a finished deployment's record.
      operationId: delete_tool_deployment
      responses:
        '200':
          description: The deleted deployment.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/deployment/{deploy_id}/cancel:
    parameters:
      - $ref: '#/components/parameters/Tool'
      - $ref: '#/components/parameters/DeployID'
    put:
      tags: [deployment]
      summary: Cancel a deployment; components that already run are left as they were.
      operationId: cancel_tool_deployment
      responses:
        '200':
          description: The deployment, now `cancelling` or `cancelled`.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DeploymentResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}
  /v1/tool/{tool}/deployment/{deploy_id}/logs:
    parameters:
      - $ref: '#/components/parameters/Tool'
      - $ref: '#/components/parameters/DeployID'
    get:
      tags: [deployment]
      summary: Log lines of a component's build or run in a deployment.
      operationId: get_tool_deployment_logs
      security:
        - bearerAuth: []
        - tokenQuery: []
      parameters:
        - name: component
          in: query
          description: The component.
          schema: {type: string}
        - name: source
          in: query
          description: The run's output or the build's.
          schema: {type: string, enum: [run, build], default: run}
        - name: tail
          in: query
          description: Only the last this many lines; when absent or 0, the lines from `offset` on.
          schema: {type: integer, minimum: 0, maximum: 4294967295}
        - name: offset
          in: query
          description: Lines from this offset on (the `next_offset` of an earlier answer), to follow. Offsets count every byte the log ever had, so they stay valid when it is rotated. One answer carries at most about 256 KiB; ask again with its `next_offset` until that stops changing.
          schema: {type: integer, minimum: 0}
      responses:
        '200':
          description: The lines.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/LogsResponse'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '500': {$ref: '#/components/responses/InternalError'}
        '503': {$ref: '#/components/responses/Unavailable'}
        default: {$ref: '#/components/responses/Error'}

"""#
}
