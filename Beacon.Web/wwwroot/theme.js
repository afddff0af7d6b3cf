// Beacon's light / dark theme in the browser: the reader's kept choice (localStorage) and the system's preference.
// start() registers the system watcher before it answers, so the page never shows a theme whose watcher is not yet
// listening; the layout calls it once per circuit and it replaces the .NET receiver on a later call.
(() => {
    const key = 'beacon-theme';
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    let receiver = null;
    media.addEventListener('change', e => {
        if (receiver) {
            receiver.invokeMethodAsync('SystemThemeChanged', e.matches).catch(() => { /* circuit gone */ });
        }
    });
    const read = () => { try { return localStorage.getItem(key); } catch { return null; } };
    window.beaconTheme = {
        start(dotNet) {
            receiver = dotNet;
            return { chosen: read(), systemDark: media.matches };
        },
        stop(dotNet) {
            if (receiver === dotNet) {
                receiver = null;
            }
        },
        // Keeps the choice (or drops it: null) and answers the system's preference at that moment.
        keep(choice) {
            try {
                if (choice === null) {
                    localStorage.removeItem(key);
                } else {
                    localStorage.setItem(key, choice);
                }
            } catch { /* storage disabled: applied now, not kept */ }
            return media.matches;
        },
        systemDark() { return media.matches; },
    };
})();
