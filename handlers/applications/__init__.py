"""Applications (依申请公开): registration, lifecycle actions, appeals, and how an application is shown."""
