/**
 * The dialog for creating a workshop or renaming one. Validation messages come
 * from the same zod schema the reducer uses, so the form and storage agree.
 */
import { useState, type SyntheticEvent } from 'react';
import { WORKSHOP_LIMITS } from '../../shared/workshop/workshop';
import { SEVERITIES, WorkshopHeaderSchema, type Severity } from '../../shared/workshop/workshop';
import { Dialog } from '../ui/Dialog';

const FORM_ERROR_ID = 'workshop-form-error';

/** The workshop title input shared by both dialogs; its limit comes from the schema. */
function TitleField({
  value,
  onChange,
  invalid,
  example,
}: {
  readonly value: string;
  readonly onChange: (title: string) => void;
  readonly invalid: boolean;
  readonly example?: string;
}) {
  return (
    <label>
      Title
      <input
        value={value}
        maxLength={WORKSHOP_LIMITS.titleLength}
        onChange={(e) => onChange(e.target.value)}
        placeholder={example}
        aria-invalid={invalid}
        aria-describedby={invalid ? FORM_ERROR_ID : undefined}
        autoFocus
      />
    </label>
  );
}

/** The validation message (if any) and the Cancel / submit buttons of a workshop dialog. */
function FormFooter({
  error,
  submitLabel,
  onCancel,
}: {
  readonly error: string | null;
  readonly submitLabel: string;
  readonly onCancel: () => void;
}) {
  return (
    <>
      {error && (
        <p id={FORM_ERROR_ID} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </>
  );
}

export interface NewWorkshopValues {
  readonly title: string;
  readonly incidentDate: string | null;
  readonly severity: Severity;
}

interface NewWorkshopDialogProps {
  readonly onCreate: (values: NewWorkshopValues) => void;
  readonly onCancel: () => void;
}

export function NewWorkshopDialog({ onCreate, onCancel }: NewWorkshopDialogProps) {
  const [title, setTitle] = useState('');
  const [incidentDate, setIncidentDate] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const check = WorkshopHeaderSchema.pick({ title: true, incidentDate: true }).safeParse({
      title,
      incidentDate: incidentDate || null,
    });
    if (!check.success) {
      setError(check.error.issues[0]?.message ?? 'Check the fields.');
      return;
    }
    onCreate({ title: check.data.title, incidentDate: check.data.incidentDate, severity });
  };

  return (
    <Dialog title="New workshop" onClose={onCancel}>
      <form onSubmit={submit} noValidate>
        <TitleField
          value={title}
          onChange={setTitle}
          invalid={error !== null}
          example="e.g. Card payments declined, 14 March"
        />
        <label>
          Incident date
          <input
            type="date"
            value={incidentDate}
            onChange={(e) => setIncidentDate(e.target.value)}
          />
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <FormFooter error={error} submitLabel="Create workshop" onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

interface RenameDialogProps {
  readonly currentTitle: string;
  readonly onRename: (title: string) => void;
  readonly onCancel: () => void;
}

export function RenameDialog({ currentTitle, onRename, onCancel }: RenameDialogProps) {
  const [title, setTitle] = useState(currentTitle);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const check = WorkshopHeaderSchema.shape.title.safeParse(title);
    if (!check.success) {
      setError(check.error.issues[0]?.message ?? 'Check the title.');
      return;
    }
    onRename(check.data);
  };
  return (
    <Dialog title="Rename workshop" onClose={onCancel}>
      <form onSubmit={submit} noValidate>
        <TitleField value={title} onChange={setTitle} invalid={error !== null} />
        <FormFooter error={error} submitLabel="Rename" onCancel={onCancel} />
      </form>
    </Dialog>
  );
}
