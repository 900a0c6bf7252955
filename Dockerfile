# The ContainerLease app. Build:   docker build -t containerlease .
# Base images are arguments, so a machine without a registry can use local ones
# (scripts/local-images.sh makes them from Debian's packages):
#   docker build --network host --build-arg SDK_IMAGE=... --build-arg RUNTIME_IMAGE=... \
#     --build-arg NODE_IMAGE=... --build-arg SELF_CONTAINED=true -t containerlease .
# SELF_CONTAINED=true bundles the .NET runtime (its packs come from NuGet), so
# RUNTIME_IMAGE may be any glibc Linux without .NET.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG NODE_IMAGE=node:22-bookworm-slim

# The pages' libraries come from npm (package.json); LibMan copies them into wwwroot/lib
# during the build, which skips its own `npm ci` when node_modules is already there.
FROM ${NODE_IMAGE} AS web
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${SDK_IMAGE} AS build
RUN case "$(uname -m)" in x86_64) echo linux-x64 ;; aarch64) echo linux-arm64 ;; *) exit 1 ;; esac >/rid
WORKDIR /src
# NuGet's restore comes before the source, so a code change reuses it.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig libman.json ./
COPY ContainerLease.Domain/ContainerLease.Domain.csproj ContainerLease.Domain/
COPY ContainerLease.Mvc/ContainerLease.Mvc.csproj ContainerLease.Mvc/
ARG SELF_CONTAINED=false
RUN dotnet restore ContainerLease.Mvc -r "$(cat /rid)" -p:SelfContained=${SELF_CONTAINED}
COPY --from=web /src/node_modules node_modules/
COPY ContainerLease.Domain/ ContainerLease.Domain/
COPY ContainerLease.Mvc/ ContainerLease.Mvc/
RUN dotnet publish ContainerLease.Mvc -c Release --no-restore -r "$(cat /rid)" \
    --self-contained ${SELF_CONTAINED} -p:UseAppHost=true -o /app

FROM ${RUNTIME_IMAGE}
# Microsoft's images have the user app (1654); a plain base gets the same one.
ARG APP_UID=1654
RUN getent passwd ${APP_UID} >/dev/null || useradd --uid ${APP_UID} --user-group \
    --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app ./
# All interfaces (the app's own default is localhost only); Microsoft's image sets the same.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The Docker socket belongs to root and its group: run with that group added
# (docker run --group-add, compose group_add: DOCKER_GID in .env).
USER ${APP_UID}
ENTRYPOINT ["./ContainerLease.Mvc"]
