/**
 * The noVNC page the console URL opens (in the spirit of noVNC's `vnc_lite.html`): noVNC's RFB
 * client, loaded as ES modules from `core/` beside the page, opens the websocket named by the
 * `path` query parameter on the page's own host, and a status line says how the connection is.
 * Everything dynamic is read in the browser from the URL, so the page is one constant.
 */
export const VNC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Stratus console (noVNC)</title>
  <style>
    html, body { margin: 0; height: 100%; background: rgb(40, 40, 40); font: 14px sans-serif; }
    body { display: flex; flex-direction: column; }
    #top_bar { display: flex; align-items: center; gap: 1em; padding: 4px 8px; color: #fff;
      background: #6e84a3; border-bottom: 1px solid #222; }
    #status { flex: 1; }
    #screen { flex: 1; overflow: hidden; }
  </style>
</head>
<body>
  <div id="top_bar">
    <div id="status">Loading</div>
    <button id="send_ctrl_alt_del" type="button" disabled>Send Ctrl+Alt+Del</button>
  </div>
  <div id="screen"></div>
  <script type="module">
    import RFB from './core/rfb.js';

    const status = document.getElementById('status');
    const ctrlAltDel = document.getElementById('send_ctrl_alt_del');
    const path = new URLSearchParams(window.location.search).get('path') ?? 'websockify';
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = scheme + '://' + window.location.host + '/' + path;

    status.textContent = 'Connecting';
    // The server names its desktop during the handshake, before noVNC says it is connected.
    let desktopName = 'the server';
    let connected = false;
    const showConnected = () => {
      status.textContent = 'Connected (unencrypted) to ' + desktopName;
    };
    const rfb = new RFB(document.getElementById('screen'), url, { shared: true });
    rfb.scaleViewport = true;
    rfb.addEventListener('desktopname', (event) => {
      desktopName = event.detail.name;
      document.title = desktopName;
      if (connected) showConnected();
    });
    rfb.addEventListener('connect', () => {
      connected = true;
      showConnected();
      ctrlAltDel.disabled = false;
    });
    rfb.addEventListener('disconnect', (event) => {
      connected = false;
      status.textContent = event.detail.clean ? 'Disconnected' : 'Something went wrong, connection is closed';
      ctrlAltDel.disabled = true;
    });
    rfb.addEventListener('credentialsrequired', () => {
      status.textContent = 'The console asks for a password, which this page cannot give';
    });
    ctrlAltDel.addEventListener('click', () => rfb.sendCtrlAltDel());
  </script>
</body>
</html>
`;
