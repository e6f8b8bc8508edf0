global using MonitorHub.Infrastructure.Tests.Support;
