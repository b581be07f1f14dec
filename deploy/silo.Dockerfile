# The Hermes silo. Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t hermes-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that the package layer is reused while only code changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY Hermes.Contracts/Hermes.Contracts.csproj Hermes.Contracts/
COPY Hermes.ServiceDefaults/Hermes.ServiceDefaults.csproj Hermes.ServiceDefaults/
COPY Hermes.Grains/Hermes.Grains.csproj Hermes.Grains/
COPY Hermes.Silo/Hermes.Silo.csproj Hermes.Silo/
RUN dotnet restore Hermes.Silo/Hermes.Silo.csproj
COPY Hermes.Contracts/ Hermes.Contracts/
COPY Hermes.ServiceDefaults/ Hermes.ServiceDefaults/
COPY Hermes.Grains/ Hermes.Grains/
COPY Hermes.Silo/ Hermes.Silo/
RUN dotnet publish Hermes.Silo/Hermes.Silo.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Node.js runs the stdio MCP servers (node or npx). A silo that uses only HTTP MCP servers can drop this layer and use
# the smaller mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled image instead.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The web host (dashboard, probes) on every interface of the pod; the silo-to-silo and gateway ports of Orleans.
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_gcServer=1
EXPOSE 8080 11111 30000
# The image's unprivileged "app" user.
USER $APP_UID
ENTRYPOINT ["dotnet", "Hermes.Silo.dll"]
