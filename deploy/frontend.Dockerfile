# The Hermes front-ends: the `hermes` command (Hermes.Client). Build from the repository root:
#   docker build -f deploy/frontend.Dockerfile -t hermes-frontend .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Hermes.Contracts/Hermes.Contracts.csproj Hermes.Contracts/
COPY Hermes.ServiceDefaults/Hermes.ServiceDefaults.csproj Hermes.ServiceDefaults/
COPY Hermes.Client/Hermes.Client.csproj Hermes.Client/
RUN dotnet restore Hermes.Client/Hermes.Client.csproj
COPY Hermes.Contracts/ Hermes.Contracts/
COPY Hermes.ServiceDefaults/ Hermes.ServiceDefaults/
COPY Hermes.Client/ Hermes.Client/
RUN dotnet publish Hermes.Client/Hermes.Client.csproj --configuration Release --no-restore --output /app

# Chiseled: no shell, no package manager, an unprivileged user by default; ASP.NET Core is there for the HTTP front-end.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENTRYPOINT ["dotnet", "hermes.dll"]
