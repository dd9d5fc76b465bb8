import type { SubmissionResult } from "@conform-to/react";
import { useEffect, useId, type ReactNode, type RefObject } from "react";
import { translateIssue, type Translate } from "~/i18n/i18n";
import { useI18n } from "~/i18n/use-t";

type Result = SubmissionResult<string[]> | null | undefined;

/** Reads a form reply: the value to show again for a field and its messages, translated (by `translate` on a page with strings of its own). */
export function useFormResult(result: Result, translate?: Translate) {
  const { t: pageT } = useI18n();
  const t = translate ?? pageT;
  const initial = (result?.initialValue ?? {}) as Record<string, unknown>;
  const errors = (result?.error ?? {}) as Record<string, string[] | null>;
  return {
    value: (name: string, fallback = ""): string => {
      const v = initial[name];
      return typeof v === "string" ? v : fallback;
    },
    errors: (name: string): string[] => (errors[name] ?? []).map((issue) => translateIssue(t, issue)),
    formErrors: (): string[] => (errors[""] ?? []).map((issue) => translateIssue(t, issue)),
    hasErrors: Object.values(errors).some((list) => (list?.length ?? 0) > 0),
  };
}

/**
 * After a reply with errors, the first field in trouble takes the focus (and the screen), instead
 * of the page's top: on a phone the farmer sees what to fix, and a screen reader reads it.
 */
export function useFocusFirstError(formRef: RefObject<HTMLFormElement | null>, result: Result) {
  useEffect(() => {
    if (!result?.error || !Object.values(result.error).some((list) => list?.length)) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-first-error]');
    if (!first) return;
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  }, [formRef, result]);
}

interface FieldProps {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  children?: ReactNode;
}

function FieldShell({ id, label, hint, errors, children }: FieldProps & { id: string }) {
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="error" id={`${id}-error`} role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint?: string, errors?: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField(
  props: FieldProps & {
    defaultValue?: string;
    type?: string;
    autoComplete?: string;
    inputMode?: "text" | "tel" | "numeric" | "email";
    required?: boolean;
    maxLength?: number;
    multiline?: boolean;
    onChange?: (value: string) => void;
  },
) {
  const id = useId();
  const common = {
    id,
    name: props.name,
    defaultValue: props.defaultValue,
    onChange: props.onChange ? (e: { currentTarget: { value: string } }) => props.onChange?.(e.currentTarget.value) : undefined,
    required: props.required,
    maxLength: props.maxLength,
    "aria-invalid": props.errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, props.hint, props.errors),
  };
  return (
    <FieldShell {...props} id={id}>
      {props.multiline ? (
        <textarea {...common} rows={4} />
      ) : (
        <input {...common} type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} />
      )}
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & {
    defaultValue?: string;
    options: { value: string; label: string }[];
    placeholder?: string;
    required?: boolean;
    onChange?: (value: string) => void;
  },
) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <select
        id={id}
        name={props.name}
        defaultValue={props.defaultValue}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={props.onChange ? (e) => props.onChange?.(e.currentTarget.value) : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div className="notice notice--error" role="alert">
      {messages.join(" ")}
    </div>
  );
}
