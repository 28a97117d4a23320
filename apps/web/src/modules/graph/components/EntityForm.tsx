import { PERSON_ROLES, type PropDef } from '@homeward/graph-schema';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonRole } from '../../../generated/schema-types';
import { ApiError } from '../../../lib/graphql';
import { errorSentence, fieldSentences } from '../../../lib/errors';
import { formProps, parseForm, toFormValues, type FormValues } from '../state/entity-form';
import { FormFooter } from '../../../app/form';

export interface EntityFormProps {
  readonly kind: string;
  readonly initial?: Readonly<Record<string, unknown>> | null;
  readonly withRole?: boolean;
  readonly initialRole?: PersonRole | null;
  /** Extra inputs the kind needs (a sighting's place and who was seen). */
  readonly extra?: React.ReactNode;
  readonly extraErrors?: Record<string, string>;
  readonly submitLabel: string;
  onSubmit(props: Record<string, unknown>, role: PersonRole | null): Promise<void>;
  onCancel(): void;
}

export function EntityForm({ kind, initial, withRole, initialRole, extra, submitLabel, onSubmit, onCancel }: EntityFormProps) {
  const { t, i18n } = useTranslation();
  const uid = useId();
  const [values, setValues] = useState<FormValues>(() => toFormValues(kind, initial));
  const [role, setRole] = useState<PersonRole>(initialRole ?? 'OTHER');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseForm(kind, values, !!initial);
    const local = Object.fromEntries(
      Object.entries(parsed.errors).map(([k, v]) => [k, v === 'required' ? t('entity.required') : t('entity.invalidNumber')]),
    );
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) {
      document.getElementById(`${uid}-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.props, withRole ? role : null);
    } catch (err) {
      // Sentences in the reader's language, each naming its field by its label (lib/errors.ts), never the server's path.
      const sentences = err instanceof ApiError ? fieldSentences(t, i18n, err) : {};
      if (Object.keys(sentences).length > 0) {
        setErrors(sentences);
        const first = Object.keys(sentences)[0];
        if (first) document.getElementById(`${uid}-${first}`)?.focus();
        const unplaced = Object.keys(sentences).filter((f) => !Object.hasOwn(values, f) && f !== 'role');
        if (unplaced.length > 0) setGeneral(unplaced.map((f) => sentences[f]).join(' '));
      } else setGeneral(errorSentence(t, i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form" noValidate>
      {withRole && (
        <label>
          {t('entity.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as PersonRole)} id={`${uid}-role`}>
            {PERSON_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          {errors['role'] && <span className="field-error">{errors['role']}</span>}
        </label>
      )}
      {formProps(kind).map(([name, def]) => (
        <Field
          key={name}
          id={`${uid}-${name}`}
          name={name}
          def={def}
          value={values[name] ?? ''}
          error={errors[name]}
          onChange={(v) => setValues((prev) => ({ ...prev, [name]: v }))}
        />
      ))}
      {extra}
      <FormFooter error={general} onCancel={onCancel} submitLabel={submitLabel} disabled={busy} />
    </form>
  );
}

function Field({
  id,
  name,
  def,
  value,
  error,
  onChange,
}: {
  id: string;
  name: string;
  def: PropDef;
  value: string;
  error?: string;
  onChange(v: string): void;
}) {
  const { t } = useTranslation();
  const label = `${t(`prop.${name}`, { defaultValue: name })}${def.required ? ' *' : ''}`;
  const common = {
    id,
    name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'aria-required': def.required ? true : undefined,
  };
  let input: React.ReactNode;
  if (def.type === 'enum') {
    input = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {(def.values ?? []).map((v) => (
          <option key={v} value={v}>
            {t(`enumValue.${v}`, { defaultValue: v })}
          </option>
        ))}
      </select>
    );
  } else if (def.type === 'text') {
    input = <textarea {...common} rows={3} maxLength={def.maxLength} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const type = def.type === 'date' ? 'date' : def.type === 'datetime' ? 'datetime-local' : 'text';
    input = (
      <input
        {...common}
        type={type}
        inputMode={def.type === 'number' ? 'decimal' : undefined}
        maxLength={def.type === 'country' ? 2 : def.maxLength}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
