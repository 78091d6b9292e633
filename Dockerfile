# One image for the four Components services (see compose.yaml).
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libyaml-dev libcurl4-openssl-dev libprotobuf-c-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product componentsd && swift build -c release --product components \
    && cp "$(swift build -c release --show-bin-path)/componentsd" "$(swift build -c release --show-bin-path)/components" /usr/local/bin/

FROM swift:6.1-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libyaml-0-2 libcurl4 libprotobuf-c1 libsqlite3-0 git python3 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 1000 components
COPY --from=build /usr/local/bin/componentsd /usr/local/bin/components /usr/local/bin/
USER components
ENTRYPOINT ["componentsd"]
