// Small browser helpers for MonitorHub's Blazor pages. Plotly itself is loaded by Plotly.Blazor.
window.monitorhub = {
    getItem: key => window.localStorage.getItem(key),
    setItem: (key, value) => window.localStorage.setItem(key, value),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",

    // Set once the interactive circuit has rendered: before that, the page is prerendered HTML
    // whose inputs do nothing yet. End-to-end tests wait for it.
    markInteractive: () => { document.body.dataset.interactive = "true"; },

    chart: {
        // Live mode: update or append one bucket per trace, drop points that slid out of the window,
        // and redraw in place. Only the changed points cross the circuit, never the whole series.
        upsert(id, updates, minX, maxX) {
            const gd = document.getElementById(id);
            if (!gd || !gd.data || !window.Plotly) return false;
            // Copied once per trace and push (not per point): one push can carry hundreds of points.
            const copied = new Set();
            for (const u of updates) {
                const trace = gd.data[u.trace];
                if (!trace) continue;
                if (!copied.has(u.trace)) {
                    trace.x = Array.from(trace.x || []);
                    trace.y = Array.from(trace.y || []);
                    copied.add(u.trace);
                }
                const xs = trace.x, ys = trace.y, n = xs.length;
                if (n > 0 && xs[n - 1] === u.x) {
                    ys[n - 1] = u.y;
                } else if (n === 0 || xs[n - 1] < u.x) {
                    xs.push(u.x);
                    ys.push(u.y);
                } else {
                    const i = xs.indexOf(u.x);
                    if (i >= 0) ys[i] = u.y;
                }
                while (minX && xs.length > 0 && xs[0] < minX) { xs.shift(); ys.shift(); }
            }
            const layout = gd.layout || {};
            if (layout.xaxis && minX && maxX) layout.xaxis.range = [minX, maxX];
            layout.datarevision = Date.now();
            window.Plotly.react(gd, gd.data, layout);
            return true;
        },

        // For tests and debugging: the newest y of a trace.
        lastY(id, traceIndex) {
            const gd = document.getElementById(id);
            const trace = gd && gd.data && gd.data[traceIndex || 0];
            return trace && trace.y && trace.y.length ? trace.y[trace.y.length - 1] : null;
        },

        pointCount(id) {
            const gd = document.getElementById(id);
            return gd && gd.data ? gd.data.reduce((n, t) => n + ((t.y && t.y.length) || 0), 0) : 0;
        }
    }
};
