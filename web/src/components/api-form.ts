import { type UseFormReturnType, useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { fieldErrorsOf } from "../api/problem";

/**
 * A form whose submit calls the API: while it runs the button shows it, and a refusal puts each
 * of the server's field messages beside the input of that name (the rest shows above the form).
 */
export function useApiForm<Values extends Record<string, unknown>, Result>(options: {
  initialValues: Values;
  submit: (values: Values) => Promise<Result>;
  onSuccess?: (result: Result, values: Values) => void;
}): {
  form: UseFormReturnType<Values>;
  mutation: ReturnType<typeof useMutation<Result, Error, Values>>;
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void;
} {
  const form = useForm<Values>({ mode: "controlled", initialValues: options.initialValues });
  const mutation = useMutation<Result, Error, Values>({
    mutationFn: options.submit,
    onSuccess: (result, values) => options.onSuccess?.(result, values),
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const onSubmit = form.onSubmit((values) => mutation.mutate(values));
  return { form, mutation, onSubmit };
}
