// Preloaded into the localtunnel server (node -r): it opens one listener per tunnel client without naming an
// address, which would bind every interface; the benchmark keeps every party on loopback.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args.length === 0 || typeof args[0] === 'function') {
    return listen.call(this, 0, '127.0.0.1', ...args);
  }
  if (typeof args[0] === 'object' && args[0] !== null && args[0].host === undefined && args[0].path === undefined) {
    return listen.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
