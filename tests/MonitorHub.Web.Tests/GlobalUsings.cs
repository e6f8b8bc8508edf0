global using MonitorHub.Web.Tests.Support;
