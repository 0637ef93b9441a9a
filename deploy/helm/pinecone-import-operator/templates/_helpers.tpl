{{- define "pio.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pio.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pio.labels" -}}
{{ include "pio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pio.serviceAccountName" -}}
{{- default (include "pio.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* The namespaces whose imports are watched; empty means all of them. */}}
{{- define "pio.watchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- join "," .Values.watchNamespaces -}}
{{- else if eq .Values.rbac.scope "namespaced" -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* What the operator does with imports, events and Secrets; the same rules as deploy/rbac. */}}
{{- define "pio.rules" -}}
{{ include "pio.importRules" . }}
{{ include "pio.secretRules" . }}
{{- end -}}

{{- define "pio.importRules" -}}
- apiGroups: ["pinecone.io"]
  resources: ["pineconeimports"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["pinecone.io"]
  resources: ["pineconeimports/status"]
  verbs: ["patch", "update"]
{{ include "pio.eventRules" . }}
{{- end -}}

{{- define "pio.secretRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
{{- end -}}

{{/* ImportEventRecorder GETs an Event by name, then creates it or bumps its count (PUT). */}}
{{- define "pio.eventRules" -}}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "update"]
{{- end -}}

{{- define "pio.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ .Values.leaderElection.leaseName | quote }}]
  verbs: ["get", "update", "patch"]
{{- end -}}
