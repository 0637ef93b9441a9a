-- Argo CD health check for pinecone.io/PineconeImport (Argo CD gives the object as `obj`).
-- It reads the kstatus conditions the operator writes:
--   being deleted (the operator cancels the import first)                -> Progressing
--   spec.suspend is true and the import has not ended                    -> Suspended
--   Cancelled while spec.cancel is true: the end Git asked for            -> Healthy
--   Stalled=True (failed, cancelled elsewhere, start refused, bad
--     credentials, host not allowed, API version refused)                -> Degraded
--   Ready=True / phase Completed, also with records that failed
--     Pinecone's validation (the Ready message says how many)          -> Healthy
--   spec.cancel is true and the import still runs                        -> Progressing
--   anything else, including no status yet and a start not yet answered  -> Progressing
-- Install: deploy/argocd/argocd-cm.yaml, or paste this under
-- resource.customizations.health.pinecone.io_PineconeImport in argocd-cm.
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted; the operator cancels the import first when its deletionPolicy is Cancel"
  return hs
end

local ended = obj.status ~= nil
  and (obj.status.phase == "Completed" or obj.status.phase == "Failed" or obj.status.phase == "Cancelled")
if obj.spec ~= nil and obj.spec.suspend == true and not ended then
  hs.status = "Suspended"
  hs.message = "Suspended: spec.suspend is true, so the operator sends nothing to Pinecone"
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report the import's status"
  return hs
end

-- A status written for an older spec says nothing about the import the spec names now.
local generation = obj.metadata ~= nil and obj.metadata.generation or nil
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local cancelRequested = obj.spec ~= nil and obj.spec.cancel == true
local importId = obj.status.importId or (obj.spec ~= nil and obj.spec.importId) or nil

if cancelRequested and obj.status.phase == "Cancelled" then
  hs.status = "Healthy"
  hs.message = describe(condition("Stalled"), "Import cancelled as spec.cancel asks")
  return hs
end

local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Import stalled")
  return hs
end

local ready = condition("Ready")
if (ready ~= nil and ready.status == "True") or obj.status.phase == "Completed" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Import completed")
  return hs
end

local progress = describe(condition("Reconciling"), describe(ready, "Import " .. tostring(obj.status.phase or "pending")))
hs.status = "Progressing"
if cancelRequested then
  hs.message = "Cancelling import " .. tostring(importId or "(not started)") .. ": " .. progress
else
  hs.message = progress
end
return hs
