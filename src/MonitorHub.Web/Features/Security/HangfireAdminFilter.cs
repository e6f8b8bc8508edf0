using Hangfire.Dashboard;
using MonitorHub.Core.Security;

namespace MonitorHub.Web.Features.Security;

/// <summary>The Hangfire dashboard is for admins only.</summary>
public sealed class HangfireAdminFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => Policies.Allows(context.GetHttpContext().User, Permission.Admin);
}
