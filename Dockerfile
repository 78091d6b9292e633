# One image for the Components services (see compose.yaml).
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libyaml-dev libcurl4-openssl-dev libprotobuf-c-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The gateway reads its resources (the OpenAPI document) from the bundle next to the executable.
RUN for product in componentsd componentsd-executor components components-log-writer; do \
      swift build -c release --static-swift-stdlib --product "$product" \
      && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/$product" /usr/local/bin/ || exit 1; \
    done \
    && cp -R "$(swift build -c release --static-swift-stdlib --show-bin-path)/Components_Gateway.resources" /usr/local/bin/

FROM swift:6.1-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libyaml-0-2 libcurl4 libprotobuf-c1 libsqlite3-0 git python3 curl ca-certificates bubblewrap iproute2 nftables caddy \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 1000 components
COPY --from=build /usr/local/bin/componentsd /usr/local/bin/componentsd-executor /usr/local/bin/components /usr/local/bin/components-log-writer /usr/local/bin/
COPY --from=build /usr/local/bin/Components_Gateway.resources /usr/local/bin/Components_Gateway.resources
USER components
ENTRYPOINT ["componentsd"]
