// The AT Protocol reference servers for the Bluesky tests: PLC, PDS and AppView (with its Ozone) from
// @atproto/dev-env, every one bound to 127.0.0.1. Prints one JSON line with their URLs once they are
// ready, and closes them when its standard input closes or it gets SIGTERM.
// Environment: DB_POSTGRES_URL, DB_POSTGRES_SCHEMA (fresh per run; the AppView and Ozone make
// `appview_<schema>` and `ozone_<schema>`), REDIS_HOST (host:port).
'use strict'

const dns = require('node:dns')
const net = require('node:net')

// The servers listen on a bare port (every interface): make them listen on loopback only.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined
    return listen.call(this, { port: Number(args[0]), host: '127.0.0.1' }, callback)
  }
  if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return listen.apply(this, args)
}
dns.setDefaultResultOrder('ipv4first') // `localhost` in the servers' own URLs must reach 127.0.0.1

const { TestNetwork } = require('@atproto/dev-env')

const loopback = (url) => url.replace('//localhost:', '//127.0.0.1:')

async function main () {
  const network = await TestNetwork.create({
    dbPostgresUrl: process.env.DB_POSTGRES_URL,
    dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA,
  })
  let closing = null
  const close = () => {
    closing = closing || network.close().finally(() => process.exit(0))
    return closing
  }
  process.on('SIGTERM', close)
  process.on('SIGINT', close)
  process.stdin.on('end', close)
  process.stdin.resume()
  process.stdout.write(JSON.stringify({
    plc: loopback(network.plc.url),
    pds: loopback(network.pds.url),
    appview: loopback(network.bsky.url),
  }) + '\n')
}

main().catch((err) => {
  process.stderr.write(`atproto network failed to start: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
