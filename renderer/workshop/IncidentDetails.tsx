/**
 * The incident header (Google SRE postmortem template fields). Each field is
 * saved as a workshop.update operation when it loses focus, so typing does not
 * flood the audit trail and every saved change is attributable and undoable.
 * What is typed before that is kept as a draft (ui/draftText.ts) and survives a reload.
 */
import { useId, useState } from 'react';
import { WORKSHOP_LIMITS } from '../../shared/workshop/workshop';
import {
  SEVERITIES,
  STATUS_LABELS,
  WORKSHOP_STATUSES,
  WorkshopHeaderSchema,
  type WorkshopHeader,
} from '../../shared/workshop/workshop';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { clearDraft, draftKey, readDraft, writeDraft } from '../ui/draftText';

type TextField = 'summary' | 'impact' | 'trigger' | 'detection' | 'resolution';

const TEXT_FIELDS: readonly { key: TextField; label: string; hint: string }[] = [
  { key: 'summary', label: 'Summary', hint: 'What happened, in two or three sentences.' },
  {
    key: 'impact',
    label: 'Impact',
    hint: 'Who was affected and how: customers, transactions, duration.',
  },
  { key: 'trigger', label: 'Trigger', hint: 'The event that set the incident off (not a person).' },
  { key: 'detection', label: 'Detection', hint: 'How and when the team learned about it.' },
  { key: 'resolution', label: 'Resolution', hint: 'What restored service.' },
];

function save(changes: Partial<WorkshopHeader>): string | null {
  const check = WorkshopHeaderSchema.partial().safeParse(changes);
  if (!check.success) return check.error.issues[0]?.message ?? 'This value is not valid.';
  getAppStore()
    .getState()
    .perform([{ type: 'workshop.update', payload: { changes: check.data } }], 'record');
  return null;
}

function FieldText({
  field,
  value,
  multiline,
  label,
  hint,
}: {
  readonly field: keyof WorkshopHeader;
  readonly value: string;
  readonly multiline: boolean;
  readonly label: string;
  readonly hint?: string;
}) {
  const workshopId = useAppStore((s) => s.open?.state.workshop.id ?? '');
  const key = draftKey(workshopId, 'field', field);
  // Text typed before a reload or crash, not saved yet, comes back into the field.
  const [restored] = useState(() => {
    const kept = readDraft(key);
    return kept !== null && kept !== value ? kept : null;
  });
  const [draft, setDraft] = useState<string | null>(restored);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const commit = () => {
    if (draft === null || draft === value) {
      setDraft(null);
      clearDraft(key);
      return;
    }
    const problem = save({ [field]: draft });
    setError(problem);
    if (!problem) {
      setDraft(null);
      clearDraft(key);
    }
  };
  const props = {
    id,
    value: draft ?? value,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      writeDraft(key, e.target.value);
    },
    onBlur: commit,
    'aria-invalid': error !== null,
    'aria-describedby': `${id}-hint`,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...props} rows={3} maxLength={WORKSHOP_LIMITS.fieldLength} />
      ) : (
        <input {...props} maxLength={WORKSHOP_LIMITS.titleLength} />
      )}
      <p
        id={`${id}-hint`}
        className={error ? 'field-error' : 'hint'}
        role={error ? 'alert' : undefined}
      >
        {error ??
          (restored !== null && draft !== null
            ? 'Restored text you had not saved yet. It is saved when you leave the field.'
            : hint)}
      </p>
    </div>
  );
}

export function IncidentDetails() {
  const workshop = useAppStore((s) => s.open?.state.workshop);
  const dateId = useId();
  const severityId = useId();
  const statusId = useId();
  if (!workshop) return null;
  return (
    <form className="details" onSubmit={(e) => e.preventDefault()} aria-label="Incident details">
      <FieldText field="title" label="Title" value={workshop.title} multiline={false} />
      <div className="field-row">
        <div className="field">
          <label htmlFor={dateId}>Incident date</label>
          <input
            id={dateId}
            type="date"
            value={workshop.incidentDate ?? ''}
            onChange={(e) => save({ incidentDate: e.target.value || null })}
          />
        </div>
        <div className="field">
          <label htmlFor={severityId}>Severity</label>
          <select
            id={severityId}
            value={workshop.severity}
            onChange={(e) => save({ severity: e.target.value as WorkshopHeader['severity'] })}
          >
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={workshop.status}
            onChange={(e) => save({ status: e.target.value as WorkshopHeader['status'] })}
          >
            {WORKSHOP_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <AuthorsField authors={workshop.authors} />
      {TEXT_FIELDS.map((f) => (
        <FieldText
          key={f.key}
          field={f.key}
          label={f.label}
          hint={f.hint}
          value={workshop[f.key]}
          multiline
        />
      ))}
    </form>
  );
}

function AuthorsField({ authors }: { readonly authors: readonly string[] }) {
  const joined = authors.join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const commit = () => {
    if (draft === null || draft === joined) return setDraft(null);
    const list = draft
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const problem = save({ authors: list });
    setError(problem);
    if (!problem) setDraft(null);
  };
  return (
    <div className="field">
      <label htmlFor={id}>Authors</label>
      <input
        id={id}
        value={draft ?? joined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        aria-describedby={`${id}-hint`}
        aria-invalid={error !== null}
      />
      <p id={`${id}-hint`} className={error ? 'field-error' : 'hint'}>
        {error ?? 'Names separated by commas.'}
      </p>
    </div>
  );
}
