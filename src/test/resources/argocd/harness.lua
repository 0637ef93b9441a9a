-- Runs an Argo CD health script the way Argo CD does: the resource in the global `obj`, the
-- script's returned table read for status and message.
-- usage: lua5.4 harness.lua <health.lua> <object.lua, which returns the resource as a table>
obj = dofile(arg[2])
local hs = dofile(arg[1])
io.write(tostring(hs.status), "\n", tostring(hs.message), "\n")
