{{/* The chart name, cut to the 63 characters a label value allows. */}}
{{- define "batch-job.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object names: the release name, which the install already checks as a DNS-1123 label. */}}
{{- define "batch-job.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The labels the pods are selected by: stable for the life of the release. */}}
{{- define "batch-job.selectorLabels" -}}
app.kubernetes.io/name: {{ include "batch-job.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "batch-job.labels" -}}
{{ include "batch-job.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* Pod Security "restricted": non-root, the runtime's seccomp profile, no privilege escalation, no capabilities. */}}
{{- define "batch-job.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.runAsUser }}
runAsGroup: {{ .Values.runAsUser }}
fsGroup: {{ .Values.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "batch-job.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The Job spec, shared by the Job and the CronJob's jobTemplate. */}}
{{- define "batch-job.jobSpec" -}}
parallelism: {{ .Values.parallelism }}
completions: {{ .Values.completions }}
backoffLimit: {{ .Values.backoffLimit }}
{{- if gt (int .Values.activeDeadlineSeconds) 0 }}
activeDeadlineSeconds: {{ .Values.activeDeadlineSeconds }}
{{- end }}
{{- /* A CronJob's history limits already delete its old Jobs: a TTL there would compete with them. */}}
{{- if not .Values.schedule }}
ttlSecondsAfterFinished: {{ .Values.ttlSecondsAfterFinished }}
{{- end }}
template:
  metadata:
    labels:
      {{- include "batch-job.selectorLabels" . | nindent 6 }}
  spec:
    restartPolicy: Never
    automountServiceAccountToken: false
    securityContext:
      {{- include "batch-job.podSecurityContext" . | nindent 6 }}
    containers:
      - name: job
        image: {{ printf "%s:%s" .Values.image.repository .Values.image.tag | quote }}
        imagePullPolicy: {{ .Values.image.pullPolicy }}
        {{- with .Values.command }}
        command:
          {{- range . }}
          - {{ . | quote }}
          {{- end }}
        {{- end }}
        {{- with .Values.args }}
        args:
          {{- range . }}
          - {{ . | quote }}
          {{- end }}
        {{- end }}
        {{- with .Values.env }}
        env:
          {{- range $name, $value := . }}
          - name: {{ $name | quote }}
            value: {{ $value | quote }}
          {{- end }}
        {{- end }}
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
        securityContext:
          {{- include "batch-job.containerSecurityContext" . | nindent 10 }}
        volumeMounts:
          # The root filesystem is read-only: scratch space for the job.
          - name: tmp
            mountPath: /tmp
    volumes:
      - name: tmp
        emptyDir:
          sizeLimit: 256Mi
{{- end -}}
